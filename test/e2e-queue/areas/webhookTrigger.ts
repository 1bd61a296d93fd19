import type { QueueArea } from '../context';
export const webhookTriggerArea: QueueArea = { register: () => {} };
