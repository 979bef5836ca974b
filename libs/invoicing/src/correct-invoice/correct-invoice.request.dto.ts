import { Type } from 'class-transformer';
import { IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { Field } from '@app/platform';
import { BillingDetailsDto } from '../record-billing-details/billing-details.dto';

export class CorrectInvoiceRequestDto {
  @Field.text('Why it is corrected (kept on the invoice’s stream)', 'Partita IVA corretta dal cliente')
  @IsString()
  @Length(3, 500)
  reason!: string;

  @Field.nested(
    () => BillingDetailsDto,
    'The corrected billing details, recorded as the service’s; omit them to use the service’s current ones',
    { required: false },
  )
  @IsOptional()
  @ValidateNested()
  @Type(() => BillingDetailsDto)
  billingDetails?: BillingDetailsDto;
}
