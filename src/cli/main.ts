/**
 * `npm run cli -- <command>`:
 *   create-admin --email <email>   creates an admin account; asks for its password, or
 *                                  reads it from the ADMIN_PASSWORD variable.
 *   create-admin --email <email> --promote-existing
 *                                  makes an existing account an admin; asks for that
 *                                  account's own password (or reads ADMIN_PASSWORD).
 */
import 'reflect-metadata';
import { createInterface } from 'node:readline';
import { NestFactory } from '@nestjs/core';
import { validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { AppModule } from '../app.module';
import { ConfigurationError, validateEnvironment } from '../config/env.schema';
import { FirstAdmin } from '../modules/auth/first-admin';
import { PasswordService } from '../modules/auth/password.service';
import { RegisterDto } from '../modules/auth/dto/auth.dto';
import { MemberRolesService } from '../modules/members/member-roles.service';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : undefined;
}

/** Reads a line from the terminal without echoing it. */
function askHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const output = rl as unknown as { _writeToOutput: (text: string) => void };
    let asked = false;
    output._writeToOutput = (text: string) => {
      if (!asked) {
        process.stdout.write(text);
        asked = true;
      }
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}

async function createAdmin(): Promise<void> {
  const email = option('email');
  const promoteExisting = process.argv.includes('--promote-existing');
  const password =
    process.env.ADMIN_PASSWORD ||
    (await askHidden(
      promoteExisting ? "That account's own password: " : 'Password for the admin: ',
    ));
  const problems = validateSync(
    plainToInstance(RegisterDto, { email, password, displayName: 'Admin' }),
  ).flatMap((error) => Object.values(error.constraints ?? {}));
  if (problems.length > 0 && !(promoteExisting && email)) {
    console.error(problems.join('\n'));
    process.exit(2);
  }
  const config = validateEnvironment({
    ...process.env,
    LOG_LEVEL: 'warn',
    ADMIN_EMAIL: '',
    ADMIN_PASSWORD: '',
  });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: false,
  });
  try {
    if (promoteExisting) {
      const outcome = await app.get(FirstAdmin).promoteExisting(email ?? '', password);
      console.log(
        outcome === 'promoted' ? `${email} is now an admin.` : `${email} was already an admin.`,
      );
      return;
    }
    const passwords = app.get(PasswordService);
    const outcome = await app
      .get(MemberRolesService)
      .ensureAdmin(email ?? '', () => passwords.hash(password));
    if (outcome === 'not_admin') {
      console.error(
        `An account with ${email} exists and is not an admin. To promote it, run\n` +
          `  npm run cli -- create-admin --email ${email} --promote-existing\n` +
          "which asks for that account's own password.",
      );
      process.exitCode = 2;
      return;
    }
    console.log(
      outcome === 'created' ? `Admin ${email} created.` : `${email} was already an admin.`,
    );
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const command = process.argv[2];
  switch (command) {
    case 'create-admin':
      return createAdmin();
    default:
      console.error('Usage: npm run cli -- create-admin --email <email> [--promote-existing]');
      process.exit(2);
  }
}

main().catch((error: unknown) => {
  console.error(
    error instanceof ConfigurationError
      ? error.problems.join('\n')
      : error instanceof Error
        ? error.message
        : error,
  );
  process.exit(1);
});
