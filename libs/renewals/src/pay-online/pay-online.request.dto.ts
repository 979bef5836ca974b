import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsEmail, IsIn, ValidateIf, ValidateNested } from 'class-validator';
import { ONLINE_METHODS, OnlineMethod } from '../domain';
import { CardDto } from '../switch-auto-renew/switch-auto-renew.request.dto';

export class PayOnlineRequestDto {
  @ApiProperty({
    enum: ONLINE_METHODS,
    example: 'CREDIT_CARD',
    description: 'Card or PayPal: it may differ from the method the order chose, if that was also online',
  })
  @IsIn(ONLINE_METHODS)
  method!: OnlineMethod;

  @ApiProperty({ type: CardDto, required: false, description: 'Required with CREDIT_CARD' })
  @ValidateIf((body: PayOnlineRequestDto) => body.method === 'CREDIT_CARD')
  @IsDefined()
  @ValidateNested()
  @Type(() => CardDto)
  card?: CardDto;

  @ApiProperty({ required: false, description: 'Required with PAYPAL', example: 'mario.rossi@example.it' })
  @ValidateIf((body: PayOnlineRequestDto) => body.method === 'PAYPAL')
  @IsEmail()
  paypalEmail?: string;
}
