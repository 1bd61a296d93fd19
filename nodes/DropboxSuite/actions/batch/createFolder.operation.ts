import { lookup } from '../../../shared/reconcile';
import { batchOperation } from './batchOperation';
import { autorenameSetting } from './relocation';

export const createFolderBatch = batchOperation(
	{
		operation: 'createFolder',
		name: 'Create Folder',
		action: 'Create many folders',
		description: 'Create every input item\'s folder in Dropbox batch calls, one output item per input item',
		launchRoute: 'files/create_folder_batch',
		job: 'createFolderBatch',
		properties: [
			{
				displayName: 'Folder Path',
				name: 'path',
				type: 'string',
				required: true,
				default: '',
				placeholder: '/Clients/{{ $json.name }}',
				description: 'The path of the new folder',
			},
			{
				displayName: 'Autorename',
				name: 'autorename',
				type: 'boolean',
				default: false,
				description: 'Whether Dropbox should pick free names when names are taken (items that differ here are sent in separate batch calls)',
			},
		],
		entry: ({ check, param }) => ({ path: check.path('Folder Path', param('path'), 'write') }),
		settings: autorenameSetting,
		arg: (entries, settings) => ({ paths: entries.map((e) => e.path), ...settings, force_async: true }),
		async done(dropbox, { path }, { autorename }) {
			if (autorename) return undefined;
			const found = await lookup(dropbox, String(path));
			return found?.['.tag'] === 'folder' ? found : undefined;
		},
		whatToCheck: ({ path }) => `whether the folder "${String(path)}" exists`,
	},
	'created',
);
