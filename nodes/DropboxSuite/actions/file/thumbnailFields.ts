// Moved to ../common/thumbnails.ts; these names stay for the modules that still import them from here.
export { thumbnailArg, thumbnailFields, thumbnailName } from '../common/thumbnails';
