import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ConsentsDto } from '../confirm-order/confirm-order.request.dto';
import { ONLINE_METHODS, OnlineMethod } from '../domain';

export class CardDto {
  @ApiProperty({
    description: 'Card number (sandbox: see the test cards in the README)',
    example: '4242 4242 4242 4242',
  })
  @IsString()
  @Matches(/^[0-9][0-9 -]{10,22}[0-9]$/, { message: 'number must be a card number of 12 to 19 digits' })
  number!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 12, example: 12, description: 'Expiry month' })
  @IsInt()
  @Min(1)
  @Max(12)
  expiryMonth!: number;

  @ApiProperty({ type: 'integer', minimum: 2000, maximum: 2100, example: 2030, description: 'Expiry year' })
  @IsInt()
  @Min(2000)
  @Max(2100)
  expiryYear!: number;

  @ApiProperty({ example: 'Mario Rossi', description: 'The name on the card' })
  @IsString()
  @Length(1, 100)
  holder!: string;
}

export class SwitchAutoRenewOnRequestDto {
  @ApiProperty({
    enum: ONLINE_METHODS,
    description: 'Auto-renew works only with card or PayPal',
    example: 'CREDIT_CARD',
  })
  @IsIn(ONLINE_METHODS)
  method!: OnlineMethod;

  @ApiProperty({ type: CardDto, required: false, description: 'Required with CREDIT_CARD' })
  @ValidateIf((body: SwitchAutoRenewOnRequestDto) => body.method === 'CREDIT_CARD')
  @IsDefined()
  @ValidateNested()
  @Type(() => CardDto)
  card?: CardDto;

  @ApiProperty({ required: false, description: 'Required with PAYPAL', example: 'mario.rossi@example.it' })
  @ValidateIf((body: SwitchAutoRenewOnRequestDto) => body.method === 'PAYPAL')
  @IsEmail()
  paypalEmail?: string;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: 10,
    description: 'Term of each automatic renewal (promotional: 1-2)',
    example: 1,
  })
  @IsInt()
  @Min(1)
  @Max(10)
  years!: number;

  @ApiProperty({
    type: ConsentsDto,
    description:
      'All three, in their current versions (GET /catalog): the tacit-renewal clause is among the onerous clauses',
  })
  @IsDefined()
  @ValidateNested()
  @Type(() => ConsentsDto)
  consents!: ConsentsDto;
}
