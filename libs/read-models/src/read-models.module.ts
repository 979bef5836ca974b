import { Module, OnModuleInit } from '@nestjs/common';
import { Projections } from '@app/platform';
import { InvoicingModule } from '@app/invoicing';
import { CustomerAreaController } from './customer-area/customer-area.controller';
import { CustomerAreaProjection } from './customer-area/customer-area.projection';
import { CustomerAreaQuery } from './customer-area/customer-area.query';
import { BackOfficeController } from './back-office/back-office.controller';
import { BackOfficeProjection } from './back-office/back-office.projection';
import { BackOfficeQuery } from './back-office/back-office.query';
import { DashboardQuery } from './back-office/dashboard.query';
import { AuditController } from './audit/audit.controller';
import { AuditQuery } from './audit/audit.query';
import { EraseCustomerController } from './erase-customer/erase-customer.controller';
import { EraseCustomer } from './erase-customer/erase-customer';

@Module({
  imports: [InvoicingModule],
  controllers: [CustomerAreaController, BackOfficeController, AuditController, EraseCustomerController],
  providers: [
    CustomerAreaProjection,
    CustomerAreaQuery,
    BackOfficeProjection,
    BackOfficeQuery,
    DashboardQuery,
    AuditQuery,
    EraseCustomer,
  ],
  exports: [CustomerAreaProjection, CustomerAreaQuery],
})
export class ReadModelsModule implements OnModuleInit {
  constructor(
    private readonly projections: Projections,
    private readonly customerArea: CustomerAreaProjection,
    private readonly backOffice: BackOfficeProjection,
  ) {}

  onModuleInit(): void {
    this.projections.register(this.customerArea);
    this.projections.register(this.backOffice);
  }
}
