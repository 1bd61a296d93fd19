import type { IDataObject } from 'n8n-workflow';

import type { DropboxClient, Reconcile } from '../../../shared/client';
import { applied, notApplied, unknownOutcome } from '../../../shared/client';
import { lookup } from '../../../shared/reconcile';
import { toItems } from '../common/output';
import { markAfterWrite } from '../common/write';
import type { OperationDefinition } from '../types';
import type { Kind } from './common';
import { relocationArg, relocationProperties } from './common';

type Relocated = { metadata: IDataObject };

/**
 * After a copy's answer was lost: the copy was made when the destination holds what the source holds (the same
 * kind and, for files, the same content hash; an identical entry that was there before would have made Dropbox
 * answer to/conflict, but the destination holds what was asked for either way, and nothing is copied twice). The source is looked at afterwards, not before: a copy leaves it
 * unchanged, so this costs no request when nothing goes wrong, and a source edited in the meantime only makes the
 * answer "unknown", never a false one. Nothing at the destination: not made, so it is sent again. When Autorename
 * met a taken destination, the copy may sit beside it under a new name, which cannot be told: unknown.
 */
function copied(dropbox: DropboxClient, fromPath: string, toPath: string, takenBefore: boolean): Reconcile<Relocated> {
	return {
		whatToCheck: takenBefore
			? `whether a renamed copy of "${fromPath}" (such as "name (1)") is beside "${toPath}"`
			: `whether "${toPath}" is a copy of "${fromPath}"`,
		async check() {
			if (takenBefore) return unknownOutcome;
			const copy = await lookup(dropbox, toPath);
			if (!copy) return notApplied;
			const source = await lookup(dropbox, fromPath);
			const same = source?.['.tag'] === copy['.tag'] && source?.content_hash === copy.content_hash;
			return same ? applied({ metadata: copy }) : unknownOutcome;
		},
	};
}

export function copyOperation(kind: Kind): OperationDefinition {
	return {
		operation: 'copy',
		name: 'Copy',
		action: `Copy a ${kind}`,
		description: `Copy a ${kind} to another path${kind === 'folder' ? ', with everything in it' : ''}`,
		routes: ['files/copy_v2', 'files/get_metadata'],
		properties: relocationProperties(kind),
		async execute(ctx) {
			const { dropbox } = ctx;
			const arg = relocationArg(kind, ctx);
			const { from_path: fromPath, to_path: toPath, autorename } = arg;
			// Only Autorename can put the copy elsewhere; whether the destination is free decides where to look.
			const takenBefore = autorename && (await lookup(dropbox, toPath)) !== null;
			const result = await dropbox.rpc<Relocated>(
				'files/copy_v2',
				arg,
				{ reconcile: copied(dropbox, fromPath, toPath, takenBefore) },
			);
			return toItems(await markAfterWrite(ctx, result.metadata, ctx.param<IDataObject>('options', {})));
		},
	};
}
