import type { IDataObject } from 'n8n-workflow';

import type { DropboxClient, Reconcile } from '../../../shared/client';
import { applied, notApplied, unknownOutcome } from '../../../shared/client';
import { lookup } from '../../../shared/reconcile';
import { toItems } from '../common/output';
import { markAfterWrite } from '../common/write';
import type { OperationDefinition } from '../types';
import type { Kind } from './common';
import { parentLower, relocationArg, relocationProperties } from './common';

export type Relocated = { metadata: IDataObject };

/**
 * After a move's answer was lost. A move keeps the entry's ID, so the entry as it was just before the move
 * (`before`, looked up by the operation; null when nothing was there, so nothing can have moved) tells what
 * happened: its ID at the destination → moved; still at its old path → not moved, so it is sent again; with
 * Autorename, in the destination's folder under another name → moved there. Anything else → unknown.
 */
export function moved(dropbox: DropboxClient, fromPath: string, before: IDataObject | null, toPath: string, autorename: boolean): Reconcile<Relocated> {
	return {
		whatToCheck: `whether "${fromPath}" is now at "${toPath}"${autorename ? ' or beside it under a new name' : ''}`,
		async check() {
			if (!before) return notApplied;
			if (typeof before.id !== 'string') return unknownOutcome;
			const target = await lookup(dropbox, toPath);
			if (target?.id === before.id) return applied({ metadata: target });
			const now = await lookup(dropbox, before.id);
			if (!now || typeof now.path_lower !== 'string') return unknownOutcome;
			if (now.path_lower === before.path_lower) return notApplied;
			if (autorename && parentLower(now.path_lower) === parentLower(toPath)) return applied({ metadata: now });
			return unknownOutcome;
		},
	};
}

export function moveOperation(kind: Kind): OperationDefinition {
	return {
		operation: 'move',
		name: 'Move',
		action: `Move a ${kind}`,
		description: `Move a ${kind} to another path${kind === 'folder' ? ', with everything in it' : ''}`,
		routes: ['files/move_v2', 'files/get_metadata'],
		properties: relocationProperties(kind),
		async execute(ctx) {
			const { dropbox } = ctx;
			const arg = relocationArg(kind, ctx);
			const { from_path: fromPath, to_path: toPath, autorename } = arg;
			// Its ID, known before the move, is how a lost answer is told apart (see moved). A missing source is left
			// for move_v2 to report in its own words.
			const before = await lookup(dropbox, fromPath);
			const result = await dropbox.rpc<Relocated>(
				'files/move_v2',
				arg,
				{ reconcile: moved(dropbox, fromPath, before, toPath, autorename) },
			);
			return toItems(await markAfterWrite(ctx, result.metadata, ctx.param<IDataObject>('options', {})));
		},
	};
}
