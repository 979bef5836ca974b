import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt } from 'class-validator';
import { PAYMENT_METHODS, PaymentMethod } from '../domain';

export class ChoosePaymentMethodRequestDto {
  @ApiProperty({ enum: PAYMENT_METHODS, example: 'BANK_TRANSFER', description: 'How the customer will pay' })
  @IsIn(PAYMENT_METHODS as unknown as string[])
  method!: PaymentMethod;
}

export class ChooseTermRequestDto {
  @ApiProperty({
    description: 'Years: 1-10, 1-2 for promotional products (TERM_OUT_OF_RANGE otherwise)',
    example: 2,
  })
  @IsInt()
  years!: number;
}

export class ChooseAutoRenewRequestDto {
  @ApiProperty({
    description: 'Renew automatically at the next expiry for the same term (card or PayPal only)',
    example: true,
  })
  @IsBoolean()
  enabled!: boolean;
}
