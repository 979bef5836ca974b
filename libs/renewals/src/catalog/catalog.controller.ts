import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PAYMENT_METHODS, REGISTRATION_TIMES, isOnlineMethod } from '../domain';
import { Deciders, RENEWAL_CONTEXT } from '../application/renewal-context';
import { CatalogDto } from './catalog.response.dto';

@ApiTags('catalog')
@Controller('catalog')
export class CatalogController {
  constructor(@Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders) {}

  @Get()
  @ApiOperation({
    summary: 'Prices, payment methods with their registration times, terms, and the consent documents',
  })
  @ApiOkResponse({ type: CatalogDto, description: 'The current catalog (agreement codes are not listed)' })
  catalog(): CatalogDto {
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
        /** Working days until a payment is registered (0: at once); the words are the page's. */
        registration: REGISTRATION_TIMES[method],
        /** Paid on the provider's page (card, PayPal): the only methods auto-renew can charge. */
        online: isOnlineMethod(method),
        autoRenew: isOnlineMethod(method),
      })),
      terms: { maxYears: policy.maxYears, maxPromoYears: policy.maxPromoYears },
      payBeforeExpiryDays: policy.payBeforeExpiryDays,
      /** Auto-renew charges the stored card or PayPal this many days before expiry. */
      autoRenewChargeDays: policy.autoRenewChargeDays,
      consentDocuments: documents,
    };
  }
}
