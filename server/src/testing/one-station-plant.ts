/**
 * The smallest plant a terminal can book in: station ST-10 with one released order and its operation. For tests
 * that need a plant to exist, not a particular one (the demo plant takes PIN hashing and seconds to seed).
 */
export const ONE_STATION_PLANT = {
  stations: [{ id: 'ST-10', name: 'Drehzentrum 1' }],
  orders: [
    {
      id: 'FA1000004',
      number: 'FA1000004',
      material: 'WEL-4711',
      materialText: 'Antriebswelle',
      quantity: 100,
      unit: 'Stk',
      dueDate: '2026-03-01',
      status: 'released',
    },
  ],
  operations: [
    {
      id: 'FA1000004-0010',
      orderId: 'FA1000004',
      number: '0010',
      text: 'Drehen',
      stationId: 'ST-10',
      setupMinutes: 30,
      cycleSeconds: 60,
      status: 'released',
    },
  ],
};
