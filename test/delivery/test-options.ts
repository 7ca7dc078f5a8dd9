import type { DeliveryOptions } from '../../lib/delivery/delivery';

/** Short timers so engine tests run fast; no exit hook (the test process must not flush at exit). */
export const TEST_DELIVERY_OPTIONS: DeliveryOptions = {
  maxQueueRecords: 1000,
  maxQueueBytes: 1 << 20,
  queueFullPolicy: 'drop-oldest',
  reconnectMinMs: 5,
  reconnectMaxMs: 20,
  closeTimeoutMs: 500,
  dropReportIntervalMs: 0,
  exitFlushMs: 0,
  fullQueueWaitMs: 0,
};
