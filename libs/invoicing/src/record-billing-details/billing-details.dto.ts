import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Field } from '@app/platform';
import { BillingAddress, BillingDetails } from '../domain';

/**
 * Trimmed, and upper-cased where the code is written in capitals (Codice Fiscale, province...). An empty
 * required field reaches the domain, which says what is missing; an empty optional one is null.
 */
const clean = (upper = false, emptyIsNull = false) =>
  Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const trimmed = value.trim();
    if (trimmed === '' && emptyIsNull) return null;
    return upper ? trimmed.toUpperCase() : trimmed;
  });
const optional = (upper = false) => clean(upper, true);

export class HolderDto {
  @ApiProperty({ enum: ['company', 'person'], enumName: 'HolderKind', example: 'company' })
  @IsIn(['company', 'person'])
  kind!: 'company' | 'person';

  @Field.text('Company name (ragione sociale), for a company', 'Studio Rossi S.r.l.', { required: false })
  @ValidateIf((holder: HolderDto) => holder.kind === 'company')
  @clean()
  @IsString()
  @MaxLength(80)
  name?: string;

  @Field.text('First name, for a person', 'Mario', { required: false })
  @ValidateIf((holder: HolderDto) => holder.kind === 'person')
  @clean()
  @IsString()
  @MaxLength(60)
  firstName?: string;

  @Field.text('Last name, for a person', 'Rossi', { required: false })
  @ValidateIf((holder: HolderDto) => holder.kind === 'person')
  @clean()
  @IsString()
  @MaxLength(60)
  lastName?: string;
}

export class BillingAddressDto implements BillingAddress {
  @Field.text('Street and number', 'Via Roma 1')
  @clean()
  @IsString()
  @MaxLength(60)
  street!: string;

  @Field.text('CAP (five digits in Italy)', '20121')
  @clean()
  @IsString()
  @MaxLength(10)
  postalCode!: string;

  @Field.text('Comune', 'Milano')
  @clean()
  @IsString()
  @MaxLength(60)
  city!: string;

  @Field.text('Province, two letters (null outside Italy)', 'MI', { nullable: true })
  @optional(true)
  @IsOptional()
  @IsString()
  @MaxLength(254)
  province!: string | null;

  @Field.text('Country, ISO 3166-1 alpha-2', 'IT')
  @clean(true)
  @IsString()
  @MaxLength(2)
  country!: string;
}

export class BillingDetailsDto {
  @Field.nested(() => HolderDto, 'Who is invoiced: a company or a person')
  @ValidateNested()
  @Type(() => HolderDto)
  holder!: HolderDto;

  @Field.text('Partita IVA: 11 digits, no IT prefix (null for a private person)', '01234560157', {
    nullable: true,
  })
  @optional(true)
  @IsOptional()
  @IsString()
  @MaxLength(254)
  vatNumber!: string | null;

  @Field.text('Codice Fiscale: 16 characters, or 11 digits', '01234560157', { nullable: true })
  @optional(true)
  @IsOptional()
  @IsString()
  @MaxLength(254)
  taxCode!: string | null;

  @Field.nested(() => BillingAddressDto, 'Registered address (sede)')
  @ValidateNested()
  @Type(() => BillingAddressDto)
  address!: BillingAddressDto;

  @Field.flag('A public body (pubblica amministrazione): invoiced as FPA12', false)
  @IsBoolean()
  publicBody!: boolean;

  @Field.text('SdI recipient code: 7 characters (6 for a public body’s office)', 'M5UXCR1', {
    nullable: true,
  })
  @optional(true)
  @IsOptional()
  @IsString()
  @MaxLength(254)
  sdiCode!: string | null;

  @Field.text('PEC address the exchange delivers to without a recipient code', 'rossi@pec.it', {
    nullable: true,
  })
  @optional()
  @IsOptional()
  @IsString()
  @MaxLength(254)
  pec!: string | null;
}

/** The request's holder as the domain's union (the fields of the other kind are dropped). */
export function billingDetailsOf(body: BillingDetailsDto): BillingDetails {
  const { holder } = body;
  return {
    holder:
      holder.kind === 'company'
        ? { kind: 'company', name: holder.name ?? '' }
        : { kind: 'person', firstName: holder.firstName ?? '', lastName: holder.lastName ?? '' },
    vatNumber: body.vatNumber ?? null,
    taxCode: body.taxCode ?? null,
    address: {
      street: body.address.street,
      postalCode: body.address.postalCode,
      city: body.address.city,
      province: body.address.province ?? null,
      country: body.address.country,
    },
    publicBody: body.publicBody,
    sdiCode: body.sdiCode ?? null,
    pec: body.pec ?? null,
  };
}

export class BillingDetailsViewDto {
  @Field.uuid('The service') serviceId!: string;
  @Field.nested(() => BillingDetailsDto, 'The details now; null until recorded', { nullable: true })
  details!: BillingDetailsDto | null;
  @Field.at('When they were last recorded', { nullable: true }) recordedAt!: string | null;
  @Field.integer('The change’s position (X-Min-Position); null when nothing changed', 42, {
    nullable: true,
  })
  position!: number | null;
}
