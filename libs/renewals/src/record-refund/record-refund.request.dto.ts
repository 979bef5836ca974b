import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class RecordRefundRequestDto {
  @ApiProperty({ description: 'The payment listed for refund', example: 'TX-2026-0042' })
  @IsString()
  @Length(1, 100)
  transactionId!: string;

  @ApiProperty({
    description: "The refund's reference at the bank or the provider (CRO/TRN, refund id)",
    example: 'CRO 1234567890',
  })
  @IsString()
  @Length(3, 100)
  reference!: string;
}
