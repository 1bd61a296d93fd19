import { copyOperation, deleteOperation, getMetadataOperation, moveOperation, renameOperation } from '../entry';
import type { ResourceDefinition } from '../types';
import { addTags } from './addTags.operation';
import { download } from './download.operation';
import { exportFile } from './export.operation';
import { getCopyReference } from './getCopyReference.operation';
import { getLockState } from './getLockState.operation';
import { getPreview } from './getPreview.operation';
import { getTags } from './getTags.operation';
import { getTemporaryLink } from './getTemporaryLink.operation';
import { getTemporaryUploadLink } from './getTemporaryUploadLink.operation';
import { getThumbnail } from './getThumbnail.operation';
import { getThumbnails } from './getThumbnails.operation';
import { listRevisions } from './listRevisions.operation';
import { lock } from './lock.operation';
import { permanentlyDelete } from './permanentlyDelete.operation';
import { removeTags } from './removeTags.operation';
import { restore } from './restore.operation';
import { saveCopyReference } from './saveCopyReference.operation';
import { saveFromUrl } from './saveFromUrl.operation';
import { search } from './search.operation';
import { unlock } from './unlock.operation';
import { upload } from './upload.operation';
import { uploadMany } from './uploadMany.operation';

export const file: ResourceDefinition = {
	value: 'file',
	name: 'File',
	defaultOperation: 'upload',
	description: 'Upload, download and manage files',
	operations: [
		addTags,
		copyOperation('file'),
		deleteOperation('file'),
		download,
		exportFile,
		getCopyReference,
		getLockState,
		getMetadataOperation('file'),
		getPreview,
		getTags,
		getTemporaryLink,
		getTemporaryUploadLink,
		getThumbnail,
		getThumbnails,
		listRevisions,
		lock,
		moveOperation('file'),
		permanentlyDelete,
		removeTags,
		renameOperation('file'),
		restore,
		saveCopyReference,
		saveFromUrl,
		search,
		unlock,
		upload,
		uploadMany,
	],
};
