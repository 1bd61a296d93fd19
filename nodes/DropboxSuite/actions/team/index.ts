import type { ResourceDefinition } from '../types';
import { getAuthenticatedAdmin } from './getAuthenticatedAdmin.operation';
import { getFeatures } from './getFeatures.operation';
import { getInfo } from './getInfo.operation';
import { listNamespaces } from './listNamespaces.operation';

/** The team itself, for a team-linked app (Dropbox Business). */
export const team: ResourceDefinition = {
	value: 'team',
	name: 'Team',
	description: 'The Dropbox team of a team-linked app: its information, features, namespaces and the admin who linked the app',
	teamOnly: true,
	defaultOperation: 'getInfo',
	operations: [getAuthenticatedAdmin, getFeatures, getInfo, listNamespaces],
};
