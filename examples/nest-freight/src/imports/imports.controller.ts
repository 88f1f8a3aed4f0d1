import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  UploadedFiles,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import { DocbatchService } from '@docbatch/nest';
import path from 'node:path';
import { SubmissionErrorsFilter } from './submission-errors.filter.js';

interface UrlImportBody {
  label?: string;
  documents?: Array<{ id: string; url: string }>;
}

/** Multer's in-memory file, the fields this controller reads. */
interface UploadedAwb {
  originalname: string;
  buffer: Buffer;
}

// In memory, which suits an example; docbatch keeps the bytes in its store until they are uploaded
// to the provider, so nothing is lost if the app stops. Large deployments would stream to disk and
// submit `{ file: { path } }` instead.
const MAX_FILES_PER_UPLOAD = 5_000;
const MAX_FILE_BYTES = 20 * 1024 * 1024;

/**
 * How waybills get into docbatch: by URL (documents already in a bucket or a DMS) or uploaded.
 * Both answer at once with an import id; results arrive later through the handlers.
 */
@Controller('imports')
@UseFilters(SubmissionErrorsFilter)
export class ImportsController {
  constructor(private readonly docbatch: DocbatchService) {}

  /** `{ label?, documents: [{ id, url }] }` — the ids are yours and come back on each outcome. */
  @Post()
  @HttpCode(202)
  async importUrls(@Body() body: UrlImportBody) {
    if (!Array.isArray(body?.documents))
      throw new BadRequestException('body.documents must be an array of { id, url }');
    const submission = await this.docbatch.submit(body.documents, { label: body.label });
    return { id: submission.id, document_count: body.documents.length };
  }

  /** Multipart field `files`; each file's name without its extension becomes the document id. */
  @Post('files')
  @HttpCode(202)
  @UseInterceptors(FilesInterceptor('files', MAX_FILES_PER_UPLOAD, { limits: { fileSize: MAX_FILE_BYTES } }))
  async importFiles(@UploadedFiles() files: UploadedAwb[] | undefined, @Body('label') label?: string) {
    if (!files?.length) throw new BadRequestException('no files: send them as multipart field "files"');
    const documents = files.map((file) => ({
      id: path.parse(file.originalname).name,
      file: file.buffer,
      filename: file.originalname,
    }));
    const submission = await this.docbatch.submit(documents, { label });
    return { id: submission.id, document_count: documents.length };
  }

  /** Counts per state for one import: the progress bar's source. */
  @Get(':id')
  async status(@Param('id') id: string) {
    const status = await this.docbatch.status(id);
    if (!status) throw new NotFoundException(`no import ${id}`);
    return status;
  }
}
