import type { Clock, MachineCollector, ObservationSink } from './collector';
import type { MachineConfig } from './machine-config';
import { ModbusCollector } from './modbus/modbus-collector';
import { SparkplugCollector } from './sparkplug/sparkplug-collector';

/** The collector for one configured machine; it does nothing until start(). */
export function createMachineCollector(config: MachineConfig, emit: ObservationSink, clock?: Clock): MachineCollector {
  switch (config.kind) {
    case 'modbus-tcp':
      return new ModbusCollector(config, emit, clock);
    case 'sparkplug-b':
      return new SparkplugCollector(config, emit, clock);
  }
}
