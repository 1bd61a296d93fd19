import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { catalogProperties, inVersion, onlyInV1, resources } from './actions/catalog';
import { requestOptionsProperties } from './actions/common/requestOptions';
import { route } from './actions/router';
import { searchEntries, searchFiles, searchFolders } from './methods/listSearch';
import { searchFileMembers, searchReceivedFiles } from './methods/sharedFiles';
import { searchMountableFolders, searchSharedFolderMembers, searchSharedFolders } from './methods/sharedFolders';
import { searchTeamMembers } from './methods/teamMembers';
import { searchTeamNamespaces } from './methods/teamNamespaces';

export class DropboxSuite implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Dropbox Suite',
		name: 'dropboxSuite',
		icon: { light: 'file:dropboxSuite.svg', dark: 'file:dropboxSuite.dark.svg' },
		group: ['transform'],
		// Version 1 is release 0.1.0's grouping of the operations (actions/v1.ts): saved workflows keep it. New nodes get 2.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Upload, download and manage Dropbox files and folders (one or many at a time), sharing, Paper docs, file requests and teams, with large-file uploads and retries',
		defaults: { name: 'Dropbox Suite' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dropboxSuiteOAuth2Api', required: true }],
		properties: [...catalogProperties(), ...requestOptionsProperties(resources), ...requestOptionsProperties(onlyInV1).map(inVersion(1))],
	};

	methods = {
		listSearch: {
			searchFiles,
			searchFolders,
			searchEntries,
			searchSharedFolders,
			searchMountableFolders,
			searchSharedFolderMembers,
			searchReceivedFiles,
			searchFileMembers,
			searchTeamMembers,
			searchTeamNamespaces,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
