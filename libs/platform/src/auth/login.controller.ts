import { Body, Controller, HttpCode, Post, UnauthorizedException, UseGuards } from '@nestjs/common';
import { LoginThrottlerGuard } from './login-throttling';
import { LoginResponseDto } from './login.response.dto';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { Accounts, InvalidCredentials } from './accounts';

export class LoginRequestDto {
  @ApiProperty({ example: 'mario.rossi@demo.it', description: 'The email (customers) or user name' })
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  username!: string;

  @ApiProperty({ example: 'demo1234', description: 'The password' })
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
  @UseGuards(LoginThrottlerGuard)
  @ApiTooManyRequestsResponse({
    description:
      'TOO_MANY_LOGIN_ATTEMPTS: too many attempts for this account or from this address; Retry-After says when to try again',
  })
  @ApiOperation({ summary: 'Log in as a customer or back-office user; returns a bearer token' })
  @ApiOkResponse({ type: LoginResponseDto, description: 'A bearer token and who it is for' })
  @ApiUnauthorizedResponse({ description: 'Wrong username or password' })
  async login(@Body() body: LoginRequestDto): Promise<LoginResponseDto> {
    try {
      return await this.accounts.login(body.username, body.password);
    } catch (error) {
      if (error instanceof InvalidCredentials) throw new UnauthorizedException('Wrong username or password.');
      throw error;
    }
  }
}
