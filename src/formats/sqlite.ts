// SQLite through better-sqlite3: the row store. Rows live together in 4 KiB B-tree pages, so reading one column
// still reads every page, while a B-tree index on the key finds one row in a few page reads and an INSERT touches
// only the last pages: what transactions (OLTP) want. Two variants: without an index (every lookup scans) and with
// one on the key. SQLite reads through its own VFS in C, so its bytes are counted from the kernel's read counters
// (/proc/self/io). Every query opens a fresh connection, so SQLite's page cache starts empty each time.
// Tests: test/formats/sqlite.test.ts.
import Database from 'better-sqlite3';
import { existsSync, rmSync } from 'node:fs';
import { countSyscallReads } from './io.js';
import type { FileFormat, StoredFile } from './format.js';
import type { ColumnDef, ColumnType, DataTable, Value } from './table.js';

const TABLE = 'rows';
const SQL_TYPE: Record<ColumnType, string> = {
  int64: 'INTEGER',
  int32: 'INTEGER',
  double: 'REAL',
  boolean: 'INTEGER',
  timestamp: 'INTEGER',
  string: 'TEXT',
};

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A value as SQLite binds it: booleans as 0/1, timestamps as integer milliseconds. */
function toSql(v: Value): number | bigint | string | null {
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

/** A value read with safeIntegers (every integer a bigint) back to the canonical type. */
function fromSql(v: unknown, type: ColumnType): Value {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'int64':
      return typeof v === 'bigint' ? v : BigInt(v as number);
    case 'int32':
    case 'timestamp':
      return Number(v);
    case 'boolean':
      return Number(v) !== 0;
    case 'double':
      return Number(v);
    case 'string':
      if (typeof v === 'string') return v;
      if (typeof v === 'number' || typeof v === 'bigint') return v.toString();
      throw new Error(`SQLite returned a ${typeof v} for a string column`);
  }
}

function insertRows(db: Database.Database, table: DataTable): void {
  const names = table.columns.map((c) => ident(c.name)).join(', ');
  const marks = table.columns.map(() => '?').join(', ');
  const insert = db.prepare(`INSERT INTO ${TABLE} (${names}) VALUES (${marks})`);
  const row = new Array<number | bigint | string | null>(table.columns.length);
  db.transaction(() => {
    for (let i = 0; i < table.rowCount; i++) {
      for (let j = 0; j < row.length; j++) row[j] = toSql(table.data[j][i]);
      insert.run(row);
    }
  })();
}

function withReader<T>(file: StoredFile, fn: (db: Database.Database) => T): T {
  const db = new Database(file.path, { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

function typeOf(file: StoredFile, name: string): ColumnType {
  return (file.columns.find((c) => c.name === name) as ColumnDef).type;
}

function sqliteFormat(indexed: boolean): FileFormat {
  const keyNote = indexed
    ? 'B-tree index on the key: a few page reads'
    : 'no index: scans the table until the row is found';
  return {
    id: indexed ? 'sqlite-indexed' : 'sqlite',
    format: indexed ? 'SQLite (index on key)' : 'SQLite (no index)',
    codec: 'none',
    library: 'better-sqlite3',
    extension: indexed ? '.indexed.sqlite' : '.sqlite',
    bytesCountedAt: 'read() system calls of the process (/proc/self/io rchar)',
    notes: {
      scan: 'SELECT * through a fresh connection',
      sum: 'SELECT total(col), count(col): every page read, the row store has no column projection',
      filter: 'SELECT count(*), total(col) WHERE ...: every page read',
      lookup: `SELECT * WHERE key = ? LIMIT 1; ${keyNote}`,
      append: indexed ? 'INSERT in one transaction, index updated' : 'INSERT in one transaction',
    },
    async write(table, path, options) {
      if (existsSync(path)) rmSync(path);
      const db = new Database(path);
      try {
        db.exec(
          `CREATE TABLE ${TABLE} (${table.columns.map((c) => `${ident(c.name)} ${SQL_TYPE[c.type]}`).join(', ')})`,
        );
        insertRows(db, table);
        if (indexed) db.exec(`CREATE INDEX ${TABLE}_key ON ${TABLE} (${ident(options.keyColumn)})`);
      } finally {
        db.close();
      }
    },
    async scan(file, counter) {
      return countSyscallReads(counter, () =>
        withReader(file, (db) => {
          const data: Value[][] = file.columns.map(() => []);
          const stmt = db
            .prepare(`SELECT ${file.columns.map((c) => ident(c.name)).join(', ')} FROM ${TABLE}`)
            .raw(true)
            .safeIntegers(true);
          let n = 0;
          for (const row of stmt.iterate() as IterableIterator<unknown[]>) {
            for (let j = 0; j < row.length; j++) data[j].push(fromSql(row[j], file.columns[j].type));
            n++;
          }
          return { columns: file.columns, data, rowCount: n };
        }),
      );
    },
    async sum(file, column, counter) {
      return countSyscallReads(counter, () =>
        withReader(file, (db) => {
          const [sum, count] = db
            .prepare(`SELECT total(${ident(column)}), count(${ident(column)}) FROM ${TABLE}`)
            .raw(true)
            .get() as [number, number];
          return { sum, count };
        }),
      );
    },
    async filter(file, predicate, sumColumn, counter) {
      return countSyscallReads(counter, () =>
        withReader(file, (db) => {
          const sql = `SELECT count(*), total(${ident(sumColumn)}) FROM ${TABLE} WHERE ${ident(predicate.column)} ${predicate.op} ?`;
          const [matched, sum] = db.prepare(sql).raw(true).get(predicate.value) as [number, number];
          return { matched, sum };
        }),
      );
    },
    async lookup(file, keyColumn, key, counter) {
      return countSyscallReads(counter, () =>
        withReader(file, (db) => {
          const stmt = db.prepare(`SELECT * FROM ${TABLE} WHERE ${ident(keyColumn)} = ? LIMIT 1`).safeIntegers(true);
          const row = stmt.get(toSql(key)) as Record<string, unknown> | undefined;
          if (!row) return null;
          const out: Record<string, Value> = {};
          for (const c of file.columns) out[c.name] = fromSql(row[c.name], typeOf(file, c.name));
          return out;
        }),
      );
    },
    async append(file, rows) {
      const db = new Database(file.path, { fileMustExist: true });
      try {
        insertRows(db, rows);
      } finally {
        db.close();
      }
    },
  };
}

export const sqlitePlain: FileFormat = sqliteFormat(false);
export const sqliteIndexed: FileFormat = sqliteFormat(true);
