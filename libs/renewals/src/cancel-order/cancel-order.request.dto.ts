import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class CancelOrderRequestDto {
  @ApiProperty({ required: false, example: 'Ho cambiato idea', description: 'Why, in the customer’s words' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class BackOfficeCancelOrderRequestDto {
  @ApiProperty({
    example: 'Richiesta del cliente via telefono',
    description: 'Why the back office cancels it (kept in the audit)',
  })
  @IsString()
  @Length(3, 500)
  reason!: string;
}
