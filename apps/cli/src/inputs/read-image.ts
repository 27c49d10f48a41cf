// Moved to @xai/images (a library function); this path stays for code written against it.
export * from '@xai/images';
