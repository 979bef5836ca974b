import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class CancelOrderRequestDto {
  @ApiProperty({ required: false, example: 'Ho cambiato idea' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class BackOfficeCancelOrderRequestDto {
  @ApiProperty({ example: 'Richiesta del cliente via telefono' })
  @IsString()
  @Length(3, 500)
  reason!: string;
}
