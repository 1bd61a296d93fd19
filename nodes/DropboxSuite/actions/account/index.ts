import type { ResourceDefinition } from '../types';
import { checkAccess } from './checkAccess.operation';
import { get } from './get.operation';
import { getCurrent } from './getCurrent.operation';
import { getFeatures } from './getFeatures.operation';
import { getMany } from './getMany.operation';
import { getSpaceUsage } from './getSpaceUsage.operation';

export const account: ResourceDefinition = {
	value: 'account',
	name: 'Account',
	defaultOperation: 'getCurrent',
	description: 'The Dropbox account behind the credential, and other accounts\' public information',
	operations: [checkAccess, get, getCurrent, getFeatures, getMany, getSpaceUsage],
};
