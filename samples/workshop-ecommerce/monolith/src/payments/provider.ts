/** HTTP client for the payment service provider (PSP). URL and key come from the environment. */

export interface Charge {
  id: string;
  status: 'captured' | 'failed';
}

export async function createCharge(request: {
  amount: string;
  currency: string;
  source: string;
  reference: string;
  billingName: string;
  billingCountry: string;
  email: string;
}): Promise<Charge> {
  const response = await fetch(`${process.env.PSP_URL}/v1/charges`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${process.env.PSP_API_KEY}`,
      'idempotency-key': request.reference,
    },
    body: JSON.stringify(request),
  });
  if (!response.ok) throw new Error(`PSP answered ${response.status}`);
  return (await response.json()) as Charge;
}

export async function refundCharge(chargeId: string, amount: string): Promise<void> {
  const response = await fetch(`${process.env.PSP_URL}/v1/charges/${chargeId}/refunds`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${process.env.PSP_API_KEY}` },
    body: JSON.stringify({ amount }),
  });
  if (!response.ok) throw new Error(`PSP refund failed with ${response.status}`);
}
