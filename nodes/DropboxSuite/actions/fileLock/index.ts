import { getLockState } from '../file/getLockState.operation';
import { lock } from '../file/lock.operation';
import { unlock } from '../file/unlock.operation';
import type { ResourceDefinition } from '../types';

export const fileLock: ResourceDefinition = {
	value: 'fileLock',
	name: 'File Lock',
	defaultOperation: 'lock',
	description: 'Lock files for editing, unlock them, and see who holds a lock',
	operations: [getLockState, lock, unlock],
};
