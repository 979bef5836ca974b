import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsString, Length, Max, Min } from 'class-validator';

export class IncreaseStorageRequestDto {
  @ApiProperty({
    description: 'Storage packs (1 GB each) to add',
    minimum: 1,
    maximum: 100,
    example: 1,
  })
  @IsInt()
  @Min(1)
  @Max(100)
  packs!: number;
}

export class SetStorageRequestDto {
  @ApiProperty({
    description:
      'The storage packs (1 GB each) wanted in all: down to what the service has (STORAGE_BELOW_SERVICE under it)',
    minimum: 0,
    maximum: 1000,
    example: 2,
  })
  @IsInt()
  @Min(0)
  @Max(1000)
  storagePacks!: number;
}

export class SetExtraUsersRequestDto {
  @ApiProperty({
    description: 'The number of additional users wanted (not below what the service needs)',
    type: 'integer',
    minimum: 0,
    maximum: 1000,
    example: 2,
  })
  @IsInt()
  @Min(0)
  @Max(1000)
  extraUsers!: number;
}

export class SetNsoModuleRequestDto {
  @ApiProperty({
    description: 'true buys the "Ordini Elettronici NSO" module, false deactivates it',
    example: true,
  })
  @IsBoolean()
  enabled!: boolean;
}

export class ApplyAgreementCodeRequestDto {
  @ApiProperty({ description: 'Agreement code ("codice convenzione")', example: 'COMMERCIALISTI2026' })
  @IsString()
  @Length(1, 64)
  code!: string;
}
