import { lookup } from '../../../shared/reconcile';
import { batchOperation } from './batchOperation';
import { autorenameSetting, relocationEntry, relocationProperties } from './relocation';

export const copyBatch = batchOperation(
	{
		operation: 'copy',
		name: 'Copy',
		action: 'Copy many files or folders',
		description: 'Copy every input item\'s entry in Dropbox batch calls, one output item per input item',
		launchRoute: 'files/copy_batch_v2',
		job: 'copyBatch',
		properties: relocationProperties,
		entry: relocationEntry,
		settings: autorenameSetting,
		arg: (entries, settings) => ({ entries, ...settings }),
		// A file whose copy has the source's content hash was copied; an autorenamed copy or a folder cannot be told.
		async done(dropbox, { from_path, to_path }, { autorename }) {
			if (autorename) return undefined;
			const [from, to] = await Promise.all([lookup(dropbox, String(from_path)), lookup(dropbox, String(to_path))]);
			if (from?.['.tag'] !== 'file' || to?.['.tag'] !== 'file' || !from.content_hash) return undefined;
			return from.content_hash === to.content_hash ? to : undefined;
		},
		whatToCheck: ({ from_path, to_path }) => `whether "${String(to_path)}" is a full copy of "${String(from_path)}"`,
	},
	'copied',
);
