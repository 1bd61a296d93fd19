import { lookup } from '../../../shared/reconcile';
import { batchOperation } from './batchOperation';
import { autorenameSetting, relocationEntry, relocationProperties } from './relocation';

export const moveBatch = batchOperation(
	{
		operation: 'move',
		name: 'Move',
		action: 'Move many files or folders',
		description: 'Move every input item\'s entry in Dropbox batch calls, one output item per input item',
		launchRoute: 'files/move_batch_v2',
		job: 'moveBatch',
		properties: relocationProperties,
		entry: relocationEntry,
		settings: autorenameSetting,
		arg: (entries, settings) => ({ entries, ...settings, allow_ownership_transfer: false }),
		// Moved: the destination is there and the source is not (an "id:" source follows the entry to its new place).
		async done(dropbox, { from_path, to_path }, { autorename }) {
			if (autorename) return undefined;
			const [from, to] = await Promise.all([lookup(dropbox, String(from_path)), lookup(dropbox, String(to_path))]);
			if (!to || (from && from.path_lower !== to.path_lower)) return undefined;
			return to;
		},
		whatToCheck: ({ from_path, to_path }) => `whether "${String(from_path)}" was moved to "${String(to_path)}"`,
	},
	'moved',
);
