import { Body, Controller, HttpCode, Post, UnauthorizedException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { Accounts, InvalidCredentials } from './accounts';

export class LoginRequestDto {
  @ApiProperty({ example: 'mario.rossi@demo.it' })
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  username!: string;

  @ApiProperty({ example: 'demo1234' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}

@ApiTags('auth')
@Controller('auth')
export class LoginController {
  constructor(private readonly accounts: Accounts) {}

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in as a customer or back-office user; returns a bearer token' })
  @ApiOkResponse({ description: '{ accessToken, tokenType, expiresIn, user }' })
  @ApiUnauthorizedResponse({ description: 'Wrong username or password' })
  async login(@Body() body: LoginRequestDto) {
    try {
      return await this.accounts.login(body.username, body.password);
    } catch (error) {
      if (error instanceof InvalidCredentials) throw new UnauthorizedException('Wrong username or password.');
      throw error;
    }
  }
}
