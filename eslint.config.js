// ESLint: typescript-eslint's type-checked recommended rules; Prettier owns the layout (120 columns).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Interfaces here are async by contract (backends, stores, plug-ins); a synchronous implementation of an async
      // method is correct, so the rule would only flag the contract, never a bug.
      '@typescript-eslint/require-await': 'off',
      // Plug-in files are user code loaded at run time: their shapes are checked by hand, not by types.
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
);
