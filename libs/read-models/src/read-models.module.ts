import { Module, OnModuleInit } from '@nestjs/common';
import { Projections } from '@app/platform';
import { CustomerAreaController } from './customer-area/customer-area.controller';
import { CustomerAreaProjection } from './customer-area/customer-area.projection';
import { CustomerAreaQuery } from './customer-area/customer-area.query';

@Module({
  controllers: [CustomerAreaController],
  providers: [CustomerAreaProjection, CustomerAreaQuery],
  exports: [CustomerAreaProjection, CustomerAreaQuery],
})
export class ReadModelsModule implements OnModuleInit {
  constructor(
    private readonly projections: Projections,
    private readonly customerArea: CustomerAreaProjection,
  ) {}

  onModuleInit(): void {
    this.projections.register(this.customerArea);
  }
}
