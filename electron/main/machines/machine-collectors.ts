import path from 'node:path';
import type { Clock, MachineCollector, ObservationSink } from './collector';
import type { MachineConfig } from './machine-config';
import { ModbusCollector } from './modbus/modbus-collector';
import { OpcuaCollector } from './opcua/opcua-collector';
import { SparkplugCollector } from './sparkplug/sparkplug-collector';

/** The collector for one configured machine; it does nothing until start(). */
export function createMachineCollector(config: MachineConfig, emit: ObservationSink, clock?: Clock): MachineCollector {
  switch (config.kind) {
    case 'modbus-tcp':
      return new ModbusCollector(config, emit, clock);
    case 'sparkplug-b':
      return new SparkplugCollector(config, emit, clock);
    case 'opc-ua':
      return new OpcuaCollector(config, emit, { ...(clock === undefined ? {} : { clock }), defaultPkiFolder });
  }
}

/**
 * The terminal's own PKI folder for OPC UA, next to its journal: never node-opcua's default in the user's home.
 * Asked of Electron only when a machine names no `pkiFolder`, so plain Node (tests) never loads it.
 */
async function defaultPkiFolder(): Promise<string> {
  const { app } = await import('electron');
  return path.join(app.getPath('userData'), 'opcua-pki');
}
