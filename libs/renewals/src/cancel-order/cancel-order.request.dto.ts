import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class CancelOrderRequestDto {
  @ApiProperty({ required: false, example: 'Ho cambiato idea' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}
