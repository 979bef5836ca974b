/** Stream names: category prefix + id. Stored, so they never change. */
export const orderStream = (orderId: string) => `renewalOrder-${orderId}`;
export const serviceStream = (serviceId: string) => `service-${serviceId}`;
export const ORDER_STREAM_PREFIX = 'renewalOrder-';
export const SERVICE_STREAM_PREFIX = 'service-';
