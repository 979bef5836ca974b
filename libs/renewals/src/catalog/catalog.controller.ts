import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PAYMENT_METHODS, REGISTRATION_TIMES, AUTO_RENEW_METHODS } from '../domain';
import { Deciders, RENEWAL_CONTEXT } from '../application/renewal-context';

@ApiTags('catalog')
@Controller('catalog')
export class CatalogController {
  constructor(@Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders) {}

  @Get()
  @ApiOperation({
    summary: 'Prices, payment methods with their registration times, terms, and the consent documents',
  })
  @ApiOkResponse({ description: 'The current catalog (agreement codes are not listed)' })
  catalog() {
    const { catalog, policy, documents } = this.deciders.context;
    return {
      version: catalog.version,
      currency: catalog.currency,
      vatRateBps: catalog.vatRateBps,
      products: catalog.products,
      addOns: {
        storagePack: { ...catalog.storagePack, gb: policy.storagePackGb },
        extraUser: catalog.extraUser,
        nsoModule: catalog.nsoModule,
      },
      multiYearDiscounts: catalog.multiYearDiscounts,
      paymentMethods: PAYMENT_METHODS.map((method) => ({
        method,
        registrationTime: REGISTRATION_TIMES[method].description,
        autoRenew: AUTO_RENEW_METHODS.includes(method),
      })),
      terms: { maxYears: policy.maxYears, maxPromoYears: policy.maxPromoYears },
      payBeforeExpiryDays: policy.payBeforeExpiryDays,
      consentDocuments: documents,
    };
  }
}
