import type { IDataObject, INodeProperties } from 'n8n-workflow';

/** Size, format and mode of thumbnails, shared by Get Thumbnail and Get Many Thumbnails. */
export const thumbnailFields: INodeProperties[] = [
	{
		displayName: 'Format',
		name: 'format',
		type: 'options',
		options: [
			{ name: 'JPEG', value: 'jpeg' },
			{ name: 'PNG', value: 'png' },
			{ name: 'WebP', value: 'webp' },
		],
		default: 'jpeg',
	},
	{
		displayName: 'Size',
		name: 'size',
		type: 'options',
		options: [
			{ name: '1024 × 768', value: 'w1024h768' },
			{ name: '128 × 128', value: 'w128h128' },
			{ name: '2048 × 1536', value: 'w2048h1536' },
			{ name: '256 × 256', value: 'w256h256' },
			{ name: '32 × 32', value: 'w32h32' },
			{ name: '480 × 320', value: 'w480h320' },
			{ name: '64 × 64', value: 'w64h64' },
			{ name: '640 × 480', value: 'w640h480' },
			{ name: '960 × 640', value: 'w960h640' },
		],
		default: 'w256h256',
		description: 'The box the thumbnail must fit (see Mode)',
	},
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		options: [
			{ name: 'Best Fit', value: 'bestfit', description: 'Scale to fit inside the box, keeping the aspect ratio' },
			{ name: 'Fit One, Best Fit', value: 'fitone_bestfit', description: 'Scale so one side fits the box, the other may be larger' },
			{ name: 'Strict', value: 'strict', description: 'Scale and crop to exactly the box' },
		],
		default: 'bestfit',
	},
];

export function thumbnailArg(param: <T>(name: string, fallback?: T) => T): IDataObject {
	return { format: param('format', 'jpeg'), size: param('size', 'w256h256'), mode: param('mode', 'bestfit') };
}

/** The file name of a thumbnail: report.pdf -> report.pdf.jpeg */
export const thumbnailName = (fileName: string, format: unknown) => `${fileName}.${String(format) === 'jpeg' ? 'jpg' : String(format)}`;
