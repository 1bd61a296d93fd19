import type { QueueArea } from '../context';
export const pollingTriggerArea: QueueArea = { register: () => {} };
