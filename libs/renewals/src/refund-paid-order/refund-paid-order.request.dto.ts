import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, MaxLength, Min } from 'class-validator';

export class RefundPaidOrderRequestDto {
  @ApiProperty({
    type: 'integer',
    description: 'How much is given back, in euro cents (up to what is still refundable)',
    example: 9150,
  })
  @IsInt()
  @Min(1)
  amountCents!: number;

  @ApiProperty({
    description: 'Why (on the order, and on the credit note): 3 to 200 characters',
    example: 'Disservizio di novembre',
  })
  @IsString()
  @MaxLength(200)
  reason!: string;

  @ApiProperty({
    description:
      "The refund's reference at the bank or the provider (CRO/TRN, refund id): 3 to 100 characters",
    example: 'CRO 1234567890',
  })
  @IsString()
  @MaxLength(100)
  reference!: string;
}
