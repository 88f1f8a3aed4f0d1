/** What the provider needs to know about a raster document before reading it. */
export interface PageSize {
  width: number;
  height: number;
}

export interface ImageInfo {
  pages: PageSize[];
}
