// ESLint: typescript-eslint's type-checked recommended rules; Prettier owns the layout (120 columns).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Every line, strings included, at most `limit` characters (max-len exempts strings). */
const maxLine = {
  meta: { type: 'layout', schema: [{ type: 'integer' }] },
  create(context) {
    const limit = context.options[0] ?? 160;
    return {
      Program() {
        context.sourceCode.lines.forEach((line, i) => {
          if (line.length > limit) {
            context.report({
              loc: { line: i + 1, column: 0 },
              message: `Line is ${line.length} characters; split it below ${limit}.`,
            });
          }
        });
      },
    };
  },
};

export default tseslint.config(
  { ignores: ['node_modules/', 'reports/', 'dist/', 'coverage/', 'src/protobuf/gen/', 'data/**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'bin/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { local: { rules: { 'max-line': maxLine } } },
    rules: {
      // Prettier wraps code at 120 columns but leaves comments and long strings alone: comments must fit 120, and a
      // sentence in a string may run to 160 before it has to be split.
      'max-len': [
        'error',
        { code: 120, ignoreUrls: true, ignoreRegExpLiterals: true, ignoreStrings: true, ignoreTemplateLiterals: true },
      ],
      'local/max-line': ['error', 160],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Interfaces here are async by contract (backends, stores, plug-ins); a synchronous implementation of an async
      // method is correct, so the rule would only flag the contract, never a bug.
      '@typescript-eslint/require-await': 'off',
      // Plug-in files are user code loaded at run time: their shapes are checked by hand, not by types.
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  // Plain JavaScript here runs on Node (bin/, worker boot files, probes).
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: globals.node } },
);
