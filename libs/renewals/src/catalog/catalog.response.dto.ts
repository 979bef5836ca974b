import { Field } from '@app/platform';
import { PAYMENT_METHODS, Product, RegistrationTime } from '../domain';

export class ProductDto implements Product {
  @Field.text('Product code', 'FE-STANDARD') code!: string;
  @Field.text('Its name', 'Fatturazione Elettronica') name!: string;
  @Field.flag('A promotional product (shorter terms, no agreement codes)', false) promotional!: boolean;
  @Field.cents('Price for one year', 2500) yearlyPriceCents!: number;
  @Field.integer('Storage included, in GB', 1) includedStorageGb!: number;
  @Field.integer('Users included', 1) includedUsers!: number;
}

export class AddOnDto {
  @Field.text('Its name', 'Utente aggiuntivo') name!: string;
  @Field.cents('Price for one year', 500) yearlyPriceCents!: number;
}

export class StoragePackDto extends AddOnDto {
  @Field.integer('GB in one pack', 1) gb!: number;
}

export class AddOnsDto {
  @Field.nested(() => StoragePackDto, 'A storage pack') storagePack!: StoragePackDto;
  @Field.nested(() => AddOnDto, 'An extra user') extraUser!: AddOnDto;
  @Field.nested(() => AddOnDto, 'The NSO module (electronic orders)') nsoModule!: AddOnDto;
}

export class MultiYearDiscountDto {
  @Field.integer('From this many years', 3) minYears!: number;
  @Field.integer('Discount in basis points (500 = 5%)', 500) discountBps!: number;
}

export class RegistrationTimeDto implements RegistrationTime {
  @Field.integer('Working days after payment, at the earliest (0: at once)', 1) minWorkingDays!: number;
  @Field.integer('Working days after payment, at the latest', 1) maxWorkingDays!: number;
}

export class CatalogPaymentMethodDto {
  @Field.oneOf(PAYMENT_METHODS, 'PaymentMethod', 'The method') method!: string;
  @Field.nested(() => RegistrationTimeDto, 'Until a payment is registered')
  registration!: RegistrationTimeDto;
  @Field.flag('Paid on the provider’s page (card, PayPal)') online!: boolean;
  @Field.flag('Whether auto-renew can charge it') autoRenew!: boolean;
}

export class TermsDto {
  @Field.integer('Longest term, in years', 10) maxYears!: number;
  @Field.integer('Longest term of a promotional product', 2) maxPromoYears!: number;
}

export class LegalDocumentDto {
  @Field.text('Current version', '2026-03') version!: string;
  @Field.text('Title', 'Condizioni generali di contratto') title!: string;
  @Field.text('Where to read it', '/documents/general-terms/2026-03') url!: string;
}

export class ConsentDocumentsDto {
  @Field.nested(() => LegalDocumentDto, 'General terms') GENERAL_TERMS!: LegalDocumentDto;
  @Field.nested(() => LegalDocumentDto, 'Onerous clauses (artt. 1341-1342 c.c.)')
  ONEROUS_CLAUSES!: LegalDocumentDto;
  @Field.nested(() => LegalDocumentDto, 'Privacy notice') PRIVACY_NOTICE!: LegalDocumentDto;
}

/** The current catalog; agreement codes are not listed. */
export class CatalogDto {
  @Field.text('Catalog version', '2026-01') version!: string;
  @Field.oneOf(['EUR'], 'Currency', 'Currency of every price') currency!: string;
  @Field.integer('VAT rate in basis points (2200 = 22%)', 2200) vatRateBps!: number;
  @Field.list(() => ProductDto, 'Products') products!: ProductDto[];
  @Field.nested(() => AddOnsDto, 'Add-ons') addOns!: AddOnsDto;
  @Field.list(() => MultiYearDiscountDto, 'Discounts for longer terms')
  multiYearDiscounts!: MultiYearDiscountDto[];
  @Field.list(() => CatalogPaymentMethodDto, 'Payment methods') paymentMethods!: CatalogPaymentMethodDto[];
  @Field.nested(() => TermsDto, 'Terms allowed') terms!: TermsDto;
  @Field.integer('Pay this many days before expiry to keep the service without a break', 15)
  payBeforeExpiryDays!: number;
  @Field.integer('Auto-renew charges this many days before expiry', 7) autoRenewChargeDays!: number;
  @Field.nested(() => ConsentDocumentsDto, 'The documents to accept at "Conferma"')
  consentDocuments!: ConsentDocumentsDto;
}
