import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsOptional, IsString, Length, ValidateNested } from 'class-validator';

export class ConsentsDto {
  @ApiProperty({ required: false, description: 'Version of the general terms accepted', example: '2026-03' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  GENERAL_TERMS?: string;

  @ApiProperty({
    required: false,
    description: 'Version of the onerous clauses (art. 1341-1342 c.c.) specifically approved',
    example: '2026-03',
  })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  ONEROUS_CLAUSES?: string;

  @ApiProperty({
    required: false,
    description: 'Version of the privacy notice acknowledged',
    example: '2025-11',
  })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  PRIVACY_NOTICE?: string;
}

export class ConfirmOrderRequestDto {
  @ApiProperty({
    type: ConsentsDto,
    description: 'All three are required (CONSENT_REQUIRED), each in its current version (GET /catalog)',
  })
  @IsDefined()
  @ValidateNested()
  @Type(() => ConsentsDto)
  consents!: ConsentsDto;
}
