// Lab 05 end to end in quick mode: the four tables (Thrift's columns in messages, and empty without the Thrift
// compiler), charts, the wire dump, findings from the data, and coursework mode with a student's own .proto, message
// and JSON (plus its input errors).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, runLab } from '../../src/core/index.js';
import lab from '../../labs/05-protobuf.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'syslab-lab05-'));

function studentFiles(): { proto: string; json: string; dir: string } {
  const dir = tmp();
  const proto = path.join(dir, 'weather.proto');
  writeFileSync(
    proto,
    [
      'syntax = "proto3";',
      'package course.weather;',
      'enum Sky { SKY_UNSPECIFIED = 0; SKY_CLEAR = 1; SKY_RAIN = 2; }',
      'message Observation { sint32 temp_decicelsius = 2; string station = 1; Sky sky = 3; int64 at_ms = 4; }',
    ].join('\n'),
  );
  const json = path.join(dir, 'obs.json');
  writeFileSync(json, JSON.stringify({ station: 'ZRH', tempDecicelsius: -35, sky: 'SKY_RAIN', atMs: '1718035200000' }));
  return { proto, json, dir };
}

describe('lab 05', () => {
  it('reports messages, varints, layout and speed tables, three charts, the Order dump and findings', async () => {
    const outcome = await runLab(lab, ['--quick', '--bench-ms', '5', '--batch', '100'], { out: tmp() });
    const report = outcome!.report;
    expect(Object.keys(report.results.tables)).toEqual(['messages', 'varints', 'layout', 'speed']);
    const messages = report.results.tables.messages.rows;
    expect(messages.map((r) => r.message)).toEqual([
      'MultReq small',
      'MultReq large',
      'SensorReading',
      'Order',
      'TableRow',
      'SensorBatch ×100',
    ]);
    expect(messages[0]).toMatchObject({ jsonBytes: 13, protobufBytes: 4 });
    expect(messages[3]).toMatchObject({ jsonBytes: 695, protobufBytes: 281 });
    // Thrift's columns: MultReq small by hand (binary 2 × (3 + 4) + 1, compact 2 × (1 + 1) + 1), Order as
    // python3-thrift encodes it (test/protobuf/fixtures/thrift/reference.json).
    expect(messages[0]).toMatchObject({ thriftBinaryBytes: 15, thriftCompactBytes: 5, thriftCompactPerProtobuf: 1.25 });
    expect(messages[1]).toMatchObject({ protobufBytes: 17, thriftBinaryBytes: 15, thriftCompactBytes: 13 });
    expect(messages[3]).toMatchObject({ thriftBinaryBytes: 462, thriftCompactBytes: 283 });
    const thrift = report.sections.find((s: { title: string }) => s.title === 'Thrift columns');
    expect(thrift?.body).toMatch(/^Thrift columns: `data\/proto\/thrift\/lab05.thrift` compiled by Thrift version/);
    expect(thrift?.body).toContain('| MultReq large | y | int32 | 11 | 6 | 7 |');
    expect(report.findings).toContain(
      'The smallest binary encoding of the 6 messages was protobuf for 4 (MultReq small, SensorReading, Order and ' +
        'SensorBatch ×100), Thrift compact for 1 (MultReq large) and protobuf and Thrift compact (tied) for 1 ' +
        '(TableRow); Thrift binary was the largest for 5 of them.',
    );
    expect(
      report.findings.some((f: string) => f.includes('the most lost was SensorReading humidity_pct (float)')),
    ).toBe(true);
    expect(report.results.tables.varints.rows.length).toBe(84);
    expect(report.results.tables.speed.rows.length).toBe(3 * 8);
    expect(report.charts.map((c: { file: string }) => c.file)).toEqual([
      'message-sizes.svg',
      'varint-bytes.svg',
      'speed.svg',
    ]);
    for (const name of ['message-sizes', 'varint-bytes', 'speed'])
      expect(existsSync(path.join(outcome!.dir, `${name}.svg`))).toBe(true);
    expect(report.sections[0].title).toBe('Wire dump of the Order sample');
    expect(report.sections[0].body).toContain('packed uint32 ×3 [12, 140, 2051]');
    expect(report.findings).toContain(
      '-1 as int32 took 10 bytes (sign-extended to 64 bits, so every varint byte is full); as sint32, zigzag maps it to 1 and it took 1 byte.',
    );
    expect(report.findings.some((f: string) => f.startsWith('Canonical JSON was 1.9× (MultReq large) to'))).toBe(true);
    // Every sample's JSON/protobuf ratio drops under gzip (hand-checked in the messages table); the sentence says so.
    expect(
      report.findings.some(
        (f: string) => f.startsWith('After gzip JSON was') && f.includes('the gap narrowed for every message'),
      ),
    ).toBe(true);
  });

  it("measures a student's own message: custom table with hex, its dump, and its bytes in custom.binpb", async () => {
    const { proto, json } = studentFiles();
    const outcome = await runLab(
      lab,
      ['--quick', '--bench-ms', '5', '--batch', '10', '--proto', proto, '--message', 'Observation', '--json', json],
      { out: tmp() },
    );
    const report = outcome!.report;
    // station "ZRH" (field 1): 0a 03 5a 52 48; temp -35 as sint32 -> zigzag 69 (field 2): 10 45; sky 2 (field 3):
    // 18 02;
    // at_ms 1718035200000 (field 4): 20 + 6-byte varint.
    const row = report.results.tables.custom.rows[0];
    expect(row.message).toBe('course.weather.Observation');
    expect(row.hex).toMatch(/^0a 03 5a 52 48 10 45 18 02 20 /);
    expect(row.protobufBytes).toBe(5 + 2 + 2 + 7);
    expect(row.jsonBytes).toBe(
      Buffer.byteLength(
        JSON.stringify({ station: 'ZRH', tempDecicelsius: -35, sky: 'SKY_RAIN', atMs: '1718035200000' }),
      ),
    );
    expect(readFileSync(path.join(outcome!.dir, 'custom.binpb')).length).toBe(16);
    expect(report.sections[1].title).toBe('Wire dump of your message (course.weather.Observation)');
    expect(report.sections[1].body).toContain('sint32 -35 (zigzag 69)');
    expect(
      report.results.tables.speed.rows.filter((r) => r.message === 'yours: course.weather.Observation').length,
    ).toBe(6);
  });

  it('without the Thrift compiler: Thrift cells empty (not zero), the reason in a section, the rest unchanged', async () => {
    const outcome = await runLab(
      lab,
      ['--quick', '--bench-ms', '5', '--batch', '100', '--thrift-compiler', '/nonexistent/thrift'],
      { out: tmp() },
    );
    const report = outcome!.report;
    const messages = report.results.tables.messages.rows;
    expect(messages).toHaveLength(6);
    for (const row of messages) {
      expect(row).toMatchObject({
        thriftBinaryBytes: null,
        thriftCompactBytes: null,
        thriftBinaryPerProtobuf: null,
        thriftCompactPerProtobuf: null,
      });
    }
    expect(messages[3]).toMatchObject({ jsonBytes: 695, protobufBytes: 281 });
    expect(report.sections.at(-1)).toEqual({
      title: 'Thrift columns',
      body:
        'Thrift columns unavailable: /nonexistent/thrift could not run (spawnSync /nonexistent/thrift ENOENT; ' +
        'apt-get install thrift-compiler). The other columns are unaffected.',
    });
    expect(report.findings.filter((f: string) => f.includes('Thrift'))).toEqual([
      'Thrift sizes unavailable: /nonexistent/thrift could not run (spawnSync /nonexistent/thrift ENOENT; apt-get ' +
        "install thrift-compiler); the messages table's Thrift columns are empty.",
    ]);
    expect(report.findings.some((f: string) => f.startsWith('Canonical JSON was 1.9× (MultReq large) to'))).toBe(true);
    const md = readFileSync(path.join(outcome!.dir, 'report.md'), 'utf8');
    expect(md).toContain(
      '| MultReq small | the seed RPC request with x=3, y=4 | 13 | 4 | 33 | 24 | 3.25 | 1.38 |  |  |  |  |',
    );
  });

  it('rejects incomplete or bad coursework input with InputError and writes no report', async () => {
    const { proto, json, dir } = studentFiles();
    const out = tmp();
    await expect(runLab(lab, ['--quick', '--proto', proto], { out })).rejects.toThrow(
      /--proto, --message and --json go together/,
    );
    await expect(
      runLab(lab, ['--quick', '--proto', proto, '--message', 'Nope', '--json', json], { out }),
    ).rejects.toThrow(/--message Nope: no such message/);
    writeFileSync(path.join(dir, 'bad.json'), '{"station": 7}');
    await expect(
      runLab(lab, ['--quick', '--proto', proto, '--message', 'Observation', '--json', path.join(dir, 'bad.json')], {
        out,
      }),
    ).rejects.toBeInstanceOf(InputError);
    expect(existsSync(path.join(out, '05-protobuf'))).toBe(false);
  });
});
