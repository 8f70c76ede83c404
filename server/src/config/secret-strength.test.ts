import { describe, expect, it } from 'vitest';
import { generateEnrollmentCode } from '../enrollment/enrollment-codes';
import { TEST_ADMIN_TOKEN, TEST_ENROLLMENT_CODE } from '../testing/test-server';
import { generateAdminToken } from './secrets';
import { findWeakSecret } from './secret-strength';

describe('findWeakSecret', () => {
  it.each([['admin'], ['1234567890123456'], ['a'.repeat(64)], ['correct-horse'], ['Password1!']])(
    'refuses the admin token %s with a reason',
    (token) => {
      expect(findWeakSecret('adminToken', token)).toMatch(/admin token .* too weak: .+ Use a random value/);
    },
  );

  it.each([['1234'], ['TEST-CODE'], ['AAAA-AAAA-AAAA-AAAA'], ['ABAB-ABAB-ABAB']])(
    'refuses the enrollment code %s with a reason',
    (code) => {
      expect(findWeakSecret('enrollmentCode', code)).toMatch(/enrollment code .* too weak/);
    },
  );

  it('accepts generated secrets and the ones tests and the e2e harness configure', () => {
    for (let i = 0; i < 50; i++) {
      expect(findWeakSecret('adminToken', generateAdminToken())).toBeUndefined();
      expect(findWeakSecret('enrollmentCode', generateEnrollmentCode())).toBeUndefined();
    }
    expect(findWeakSecret('adminToken', TEST_ADMIN_TOKEN)).toBeUndefined();
    expect(findWeakSecret('enrollmentCode', TEST_ENROLLMENT_CODE)).toBeUndefined();
    for (const code of ['E2E-CODE-1234', 'BENCH-CODE-2024', 'SIM-ENROLL-CODE']) {
      expect(findWeakSecret('enrollmentCode', code)).toBeUndefined();
    }
    for (const token of ['e2e-admin-token-0123456789abcdef0123456789', 'sim-admin-token-0123456789abcdef0123']) {
      expect(findWeakSecret('adminToken', token)).toBeUndefined();
    }
  });
});
