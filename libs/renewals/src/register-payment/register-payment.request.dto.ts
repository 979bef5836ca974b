import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Length, Matches, Min } from 'class-validator';
import { PAYMENT_METHODS, PaymentMethod } from '../domain';

export class RegisterPaymentRequestDto {
  @ApiProperty({
    example: 'FE-2026-000001',
    description: 'The order paid, by its number (the payment reason)',
  })
  @IsString()
  @Matches(/^FE-\d{4}-\d{6,}$/i, { message: 'orderNumber must look like FE-2026-000001' })
  orderNumber!: string;

  @ApiProperty({
    type: 'integer',
    description: 'Amount received in euro cents; must equal the order total',
    example: 3050,
  })
  @IsInt()
  @Min(1)
  amountCents!: number;

  @ApiProperty({ enum: PAYMENT_METHODS, example: 'BANK_TRANSFER', description: 'How the money came in' })
  @IsIn(PAYMENT_METHODS as unknown as string[])
  method!: PaymentMethod;

  @ApiProperty({
    description: 'The bank, postal or provider transaction id; registering it twice is one registration',
    example: 'CRO-0001',
  })
  @IsString()
  @Length(1, 128)
  transactionId!: string;
}
