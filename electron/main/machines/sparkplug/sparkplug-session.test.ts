import { describe, expect, it } from 'vitest';
import { SPARKPLUG_DATA_TYPE as T, encodeSparkplugPayload, type SparkplugMetric } from './sparkplug-payload';
import { SparkplugNodeSession, type SparkplugSignals } from './sparkplug-session';

const SIGNALS: SparkplugSignals = {
  groupId: 'G',
  edgeNodeId: 'N',
  running: { metric: 'Running' },
  counter: { metric: 'Count' },
};
const AT = 1_000;

function bytes(seq: number | undefined, metrics: SparkplugMetric[]): Uint8Array {
  return encodeSparkplugPayload({ seq, metrics });
}

function birth(session: SparkplugNodeSession, bdSeq = 1n) {
  return session.receive(
    'spBv1.0/G/NBIRTH/N',
    bytes(0, [
      { name: 'bdSeq', datatype: T.UInt64, value: bdSeq },
      { name: 'Running', alias: 1n, datatype: T.Boolean, value: true },
      { name: 'Count', alias: 2n, datatype: T.UInt32, value: 10 },
    ]),
    AT,
  );
}

describe('SparkplugNodeSession', () => {
  it('reads the birth, then data by alias, and the sequence through its wrap from 255 to 0', () => {
    const session = new SparkplugNodeSession(SIGNALS);
    expect(birth(session)).toEqual({
      observations: [
        { kind: 'state', running: true, at: AT },
        { kind: 'counter', value: 10, bits: 32, at: AT },
      ],
      status: { status: 'connected', detail: 'NBIRTH' },
      isNodeBirth: true,
    });
    for (let seq = 1; seq <= 256; seq++) {
      const update = session.receive(
        'spBv1.0/G/NDATA/N',
        bytes(seq % 256, [{ alias: 2n, datatype: T.UInt32, value: 10 + seq }]),
        AT + seq,
      );
      expect(update).toEqual({ observations: [{ kind: 'counter', value: 10 + seq, bits: 32, at: AT + seq }] });
    }
  });

  it('asks for a rebirth on a gap, keeps the values, and expects the sequence to go on from what came', () => {
    const session = new SparkplugNodeSession(SIGNALS);
    birth(session);
    const gap = session.receive('spBv1.0/G/NDATA/N', bytes(3, [{ alias: 2n, datatype: T.UInt32, value: 11 }]), AT);
    expect(gap).toEqual({
      observations: [{ kind: 'counter', value: 11, bits: 32, at: AT }],
      rebirthReason: 'NDATA seq 3, expected 1',
    });
    expect(session.receive('spBv1.0/G/NDATA/N', bytes(4, []), AT).rebirthReason).toBeUndefined();
    expect(session.receive('spBv1.0/G/NDATA/N', bytes(undefined, []), AT).rebirthReason).toBe(
      'NDATA seq missing, expected 5',
    );
  });

  it('asks for a rebirth for data before any birth and believes none of it', () => {
    const session = new SparkplugNodeSession(SIGNALS);
    expect(
      session.receive('spBv1.0/G/NDATA/N', bytes(4, [{ name: 'Count', datatype: T.UInt32, value: 5 }]), AT),
    ).toEqual({
      observations: [],
      rebirthReason: 'NDATA before NBIRTH',
    });
  });

  it('takes NDEATH of the current session as the machine gone, and ignores a stale one', () => {
    const session = new SparkplugNodeSession(SIGNALS);
    birth(session, 7n);
    const stale = bytes(undefined, [{ name: 'bdSeq', datatype: T.UInt64, value: 6n }]);
    expect(session.receive('spBv1.0/G/NDEATH/N', stale, AT)).toEqual({ observations: [] });
    expect(session.receive('spBv1.0/G/NDATA/N', bytes(1, []), AT).rebirthReason).toBeUndefined();
    const current = bytes(undefined, [{ name: 'bdSeq', datatype: T.UInt64, value: 7n }]);
    expect(session.receive('spBv1.0/G/NDEATH/N', current, AT).status).toEqual({
      status: 'disconnected',
      detail: 'edge node offline (NDEATH)',
    });
    expect(session.receive('spBv1.0/G/NDATA/N', bytes(2, []), AT).rebirthReason).toBe('NDATA before NBIRTH');
  });

  it('reads only its device, counts every device in the sequence, and forgets device aliases on a node rebirth', () => {
    const session = new SparkplugNodeSession({
      ...SIGNALS,
      deviceId: 'D',
      running: { metric: 'Mode', runningValues: ['AUTO'] },
    });
    expect(birth(session).observations).toEqual([]);
    expect(
      session.receive(
        'spBv1.0/G/DBIRTH/N/Other',
        bytes(1, [{ name: 'Count', alias: 2n, datatype: T.UInt16, value: 1 }]),
        AT,
      ),
    ).toEqual({ observations: [] });
    const deviceBirth = session.receive(
      'spBv1.0/G/DBIRTH/N/D',
      bytes(2, [
        { name: 'Mode', alias: 5n, datatype: T.String, value: 'AUTO' },
        { name: 'Count', alias: 6n, datatype: T.Int16, value: -1 },
      ]),
      AT,
    );
    expect(deviceBirth.observations).toEqual([
      { kind: 'state', running: true, at: AT },
      { kind: 'counter', value: 65_535, bits: 16, at: AT },
    ]);
    expect(
      session.receive('spBv1.0/G/DDATA/N/D', bytes(3, [{ alias: 5n, datatype: T.String, value: 'SETUP' }]), AT)
        .observations,
    ).toEqual([{ kind: 'state', running: false, at: AT }]);
    birth(session);
    expect(session.receive('spBv1.0/G/DDATA/N/D', bytes(1, [{ alias: 5n, value: 'AUTO' }]), AT)).toEqual({
      observations: [],
      rebirthReason: 'DDATA before DBIRTH',
    });
  });

  it.each([
    'spBv1.0/G/NDATA/Other',
    'spBv1.0/Other/NDATA/N',
    'spAv1.0/G/NDATA/N',
    'spBv1.0/G/NDATA/N/D',
    'spBv1.0/G/DDATA/N',
    'spBv1.0/G/NCMD/N',
    'spBv1.0/G/NDATA/N/D/extra',
    'STATE/host',
  ])('ignores a message on %s', (topic) => {
    const session = new SparkplugNodeSession(SIGNALS);
    birth(session);
    expect(session.receive(topic, Uint8Array.from([0xff]), AT)).toEqual({ observations: [] });
  });

  it('does not take a non-integer or text value for a count, nor text for a boolean running signal', () => {
    const session = new SparkplugNodeSession(SIGNALS);
    birth(session);
    const update = session.receive(
      'spBv1.0/G/NDATA/N',
      bytes(1, [
        { alias: 2n, datatype: T.Double, value: 1.5 },
        { alias: 2n, datatype: T.String, value: '12' },
        { alias: 1n, datatype: T.String, value: 'yes' },
        { alias: 1n, datatype: T.Int32, value: 0 },
      ]),
      AT,
    );
    expect(update.observations).toEqual([{ kind: 'state', running: false, at: AT }]);
  });
});
