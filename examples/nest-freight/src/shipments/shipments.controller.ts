import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MoreThan, type EntityTarget } from 'typeorm';
import { DocumentFailure } from './document-failure.entity.js';
import { ShipmentReview } from './shipment-review.entity.js';
import { Shipment } from './shipment.entity.js';

interface PageQuery {
  after?: string;
  limit?: string;
}

const MAX_PAGE = 1_000;

/** Read side of the freight books, paged by id: `?after=<last id>&limit=<n ≤ 1000>`. */
@Controller()
export class ShipmentsController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get('shipments')
  shipments(@Query() query: PageQuery) {
    return this.page(Shipment, query);
  }

  @Get('reviews')
  reviews(@Query() query: PageQuery) {
    return this.page(ShipmentReview, query);
  }

  @Get('failures')
  failures(@Query() query: PageQuery) {
    return this.page(DocumentFailure, query);
  }

  private async page(entity: EntityTarget<{ id: number }>, query: PageQuery) {
    const after = Number(query.after ?? 0);
    const limit = Number(query.limit ?? 100);
    if (!Number.isInteger(after) || after < 0)
      throw new BadRequestException('after must be a non-negative integer');
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
      throw new BadRequestException(`limit must be an integer from 1 to ${MAX_PAGE}`);
    }
    const data = await this.dataSource
      .getRepository(entity)
      .find({ where: { id: MoreThan(after) }, order: { id: 'ASC' }, take: limit });
    return { data, next_after: data.length === limit ? data[data.length - 1].id : null };
  }
}
