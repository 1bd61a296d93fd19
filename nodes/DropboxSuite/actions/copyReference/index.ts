import { getCopyReference } from '../file/getCopyReference.operation';
import { saveCopyReference } from '../file/saveCopyReference.operation';
import type { ResourceDefinition } from '../types';

export const copyReference: ResourceDefinition = {
	value: 'copyReference',
	name: 'Copy Reference',
	defaultOperation: 'getCopyReference',
	description: 'Copy a file or folder from one Dropbox account to another: get a reference in one, save it in the other',
	operations: [getCopyReference, saveCopyReference],
};
