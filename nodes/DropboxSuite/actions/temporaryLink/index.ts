import { getTemporaryLink } from '../file/getTemporaryLink.operation';
import { getTemporaryUploadLink } from '../file/getTemporaryUploadLink.operation';
import type { ResourceDefinition } from '../types';

export const temporaryLink: ResourceDefinition = {
	value: 'temporaryLink',
	name: 'Temporary Link',
	defaultOperation: 'getTemporaryLink',
	description: 'Direct links that work for four hours without sign-in: to download a file, or to upload one to a path',
	operations: [getTemporaryLink, getTemporaryUploadLink],
};
