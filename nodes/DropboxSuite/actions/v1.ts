// Version 1 of the action node is release 0.1.0. Version 2 regrouped its operations: Batch's became the "Many"
// operations of File and Folder, and File's locks, revisions, tags, previews, temporary links and copy references
// became resources of their own. A workflow saved with 0.1.0 keeps typeVersion 1 and its (resource, operation)
// pair, such as Batch → Delete or File → Lock: without these pairs in the description n8n would drop the
// parameters it cannot show, and the router would not find the operation. This table is version 1's difference
// from version 2; catalog.ts builds version 1's lists and parameters from it, and every version 1 pair runs
// version 2's code. Version 1's pairs not named here are version 2's, unchanged.
import type { OperationDefinition, ResourceDefinition } from './types';

/** Where a version 1 pair runs in version 2: [resource, operation], and the name version 1 showed if it differs. */
type MovedTo = readonly [resource: string, operation: string, nameInV1?: string];

/** Version 1's pairs that version 2 offers under another resource or operation value. */
export const V1_MOVED: Readonly<Record<string, Readonly<Record<string, MovedTo>>>> = {
	batch: {
		copy: ['file', 'copyMany', 'Copy'],
		createFolder: ['folder', 'createFolderMany', 'Create Folder'],
		delete: ['file', 'deleteMany', 'Delete'],
		getJobStatus: ['file', 'getJobStatus'],
		move: ['file', 'moveMany', 'Move'],
	},
	file: {
		addTags: ['tag', 'addTags'],
		export: ['preview', 'export'],
		getCopyReference: ['copyReference', 'getCopyReference'],
		getLockState: ['fileLock', 'getLockState'],
		getPreview: ['preview', 'getPreview'],
		getTags: ['tag', 'getTags'],
		getTemporaryLink: ['temporaryLink', 'getTemporaryLink'],
		getTemporaryUploadLink: ['temporaryLink', 'getTemporaryUploadLink'],
		getThumbnail: ['preview', 'getThumbnail'],
		getThumbnails: ['preview', 'getThumbnails'],
		listRevisions: ['fileRevision', 'listRevisions'],
		lock: ['fileLock', 'lock'],
		removeTags: ['tag', 'removeTags'],
		restore: ['fileRevision', 'restore'],
		saveCopyReference: ['copyReference', 'saveCopyReference'],
		unlock: ['fileLock', 'unlock'],
	},
};

/** Version 1's own resource (version 2 has none by this value), and the operation it started with. */
export const V1_BATCH = {
	value: 'batch',
	name: 'Batch',
	description: 'Copy, move, delete or create many entries at once (every input item is one entry of a Dropbox batch call), and check on their jobs',
	defaultOperation: 'delete',
};

/** Resources and operations version 2 added: not in version 1's lists (version 1 had them under File and Batch). */
export const V2_ONLY_RESOURCES: readonly string[] = ['copyReference', 'fileLock', 'fileRevision', 'preview', 'tag', 'temporaryLink'];
export const V2_ONLY_OPERATIONS: Readonly<Record<string, readonly string[]>> = {
	file: ['copyMany', 'deleteMany', 'getJobStatus', 'moveMany'],
	folder: ['copyMany', 'createFolderMany', 'deleteMany', 'moveMany'],
};

/**
 * What a new version 1 node started with where version 2 starts elsewhere (version 1 took the first operation by
 * name where none was named). n8n saves no parameter that holds its default, so a saved { resource: 'team' } means
 * Get Authenticated Admin in version 1.
 */
export const V1_DEFAULT_OPERATIONS: Readonly<Record<string, string>> = { team: 'getAuthenticatedAdmin', teamFolder: 'activate', teamMember: 'add' };

/**
 * Parameters added since 0.1.0 whose default changes what a pair outputs: version 1 starts them where 0.1.0 was.
 * Simplify (commit f6baa2e) left out nested details of the entries these lists gave whole.
 */
export const V1_DEFAULTS: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, boolean>>>>>> = {
	folder: { list: { simplify: false } },
	sharedFolder: { list: { simplify: false }, listMountable: { simplify: false } },
};

/** Operation names version 1 showed for pairs that stayed where they were. */
export const V1_NAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = { folder: { createMany: 'Create Many' } };

/** Version 1's resources (Batch last), each with version 2's operation definitions under version 1's values. */
export function version1Resources(v2: ResourceDefinition[]): ResourceDefinition[] {
	const definition = (resource: string, operation: string): OperationDefinition => {
		const found = v2.find((r) => r.value === resource)?.operations.find((op) => op.operation === operation);
		if (!found) throw new Error(`v1.ts: version 2 has no ${resource} → ${operation}`);
		return found;
	};
	const movedFrom = (resource: string): OperationDefinition[] =>
		Object.entries(V1_MOVED[resource] ?? {}).map(([operation, [to, toOperation, name]]) => ({
			...definition(to, toOperation),
			operation,
			...(name ? { name } : {}),
		}));
	const result: ResourceDefinition[] = [];
	for (const resource of v2.filter((r) => !V2_ONLY_RESOURCES.includes(r.value))) {
		const names = V1_NAMES[resource.value] ?? {};
		result.push({
			...resource,
			defaultOperation: V1_DEFAULT_OPERATIONS[resource.value] ?? resource.defaultOperation,
			operations: [
				...resource.operations
					.filter((op) => !V2_ONLY_OPERATIONS[resource.value]?.includes(op.operation))
					.map((op) => (names[op.operation] ? { ...op, name: names[op.operation] } : op)),
				...movedFrom(resource.value),
			],
		});
	}
	return [...result, { ...V1_BATCH, operations: movedFrom(V1_BATCH.value) }];
}
