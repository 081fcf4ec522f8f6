import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import * as handles from '../../lib/wails/handles'
import { AddHandle } from './AddHandle'

const f = (key: string, extra: Record<string, unknown> = {}) => ({ key, label: key, secret: false, optional: false, placeholder: '', help: '', ...extra })
const server = (host: string, port: number, security: string) => ({ host, port, security })

vi.mock('../../lib/wails/handles', () => ({
  networkSpecs: vi.fn(async () => [
    { network: 'facebook', name: 'Facebook Page', needs: '', docsUrl: '', maxLength: 8000,
      fields: [f('page_id'), f('page_token', { secret: true }), f('login_app_id', { optional: true }), f('callback_port', { optional: true })],
      permissions: [{ name: 'pages_messaging', for: 'read and answer Messenger conversations' }] },
    { network: 'email', name: 'E-mail (IMAP/SMTP)', needs: '', docsUrl: '', maxLength: 0, permissions: [],
      fields: [f('username'), f('password', { secret: true }), f('imap_host'), f('imap_port', { optional: true }), f('smtp_host'), f('smtp_port', { optional: true }),
        f('from_address', { optional: true }), f('from_name', { optional: true })] },
    { network: 'telegram', name: 'Telegram bot', needs: '', docsUrl: '', maxLength: 4096, permissions: [], fields: [f('bot_token', { secret: true })] },
  ]),
  mailPresets: vi.fn(async () => [
    { id: 'gmail', name: 'Gmail', domains: ['gmail.com'], imap: server('imap.gmail.com', 993, 'tls'), smtp: server('smtp.gmail.com', 465, 'tls'),
      appPassword: ['Turn on 2-Step Verification.', 'Create an app password.'], appPasswordUrl: 'https://myaccount.google.com/apppasswords', note: '' },
  ]),
  discoverMail: vi.fn(),
  testConnection: vi.fn(),
  addHandle: vi.fn(),
  signIn: vi.fn(),
  chooseSignIn: vi.fn(),
}))

function open() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  render(
    <QueryClientProvider client={qc}>
      <AddHandle clients={[{ id: 1, name: 'Bakery', handles: [] } as never]} onClose={vi.fn()} />
    </QueryClientProvider>,
  )
}

describe('AddHandle', () => {
  it('lists the easy networks first', async () => {
    open()
    const choices = await screen.findByTestId('network-choices')
    await within(choices).findByTestId('choose-facebook')
    const names = within(choices).getAllByRole('button').map((b) => b.dataset.testid)
    expect(names).toEqual(['choose-email', 'choose-telegram', 'choose-facebook'])
  })

  it('fills Gmail from its preset with the app-password steps, and sends the servers', async () => {
    open()
    fireEvent.click(await screen.findByTestId('choose-email'))
    fireEvent.change(screen.getByTestId('email-address'), { target: { value: 'shop@gmail.com' } })
    fireEvent.click(await screen.findByTestId('email-preset-gmail'))
    expect(screen.getByTestId('app-password-steps').textContent).toContain('Create an app password.')
    expect(screen.getByTestId('email-servers-summary').textContent).toContain('imap.gmail.com:993')
    fireEvent.change(screen.getByTestId('field-password'), { target: { value: 'abcd efgh' } })
    vi.mocked(handles.testConnection).mockResolvedValueOnce({ ok: true, message: 'Signed in', accountId: '', username: '', displayName: '', notes: [] })
    fireEvent.click(screen.getByTestId('test-connection'))
    await screen.findByText('Signed in')
    expect(handles.testConnection).toHaveBeenCalledWith('email',
      expect.objectContaining({ username: 'shop@gmail.com', imap_host: 'imap.gmail.com', imap_port: '993', imap_security: 'tls', smtp_host: 'smtp.gmail.com', from_address: 'shop@gmail.com' }),
      { password: 'abcd efgh' })
  })

  it('fills a discovered setup, and says so when nothing is published', async () => {
    open()
    fireEvent.click(await screen.findByTestId('choose-email'))
    fireEvent.change(screen.getByTestId('email-address'), { target: { value: 'help@shop.example' } })
    vi.mocked(handles.discoverMail).mockResolvedValueOnce({ domain: 'shop.example', problems: [], found: [
      { source: 'srv', provider: 'shop.example', presetId: '', imap: server('mail.shop.example', 993, 'tls'), smtp: server('out.shop.example', 587, 'starttls'), username: '' }] })
    fireEvent.click(screen.getByTestId('email-discover'))
    expect((await screen.findByTestId('email-found')).textContent).toContain('DNS records')
    expect(screen.getByTestId('email-servers-summary').textContent).toContain('mail.shop.example:993')
    vi.mocked(handles.discoverMail).mockResolvedValueOnce({ domain: 'shop.example', problems: ['unreachable'], found: [] })
    fireEvent.click(screen.getByTestId('email-discover'))
    expect((await screen.findByTestId('email-not-found')).textContent).toContain('Pick your provider')
    expect(screen.getByTestId('field-imap_host')).toBeTruthy() // the manual fields open
  })

  it('walks the Facebook wizard: one step per screen, a check names the missing permission, the buttons stay', async () => {
    open()
    fireEvent.click(await screen.findByTestId('choose-facebook'))
    expect(screen.getByTestId('wizard-progress').textContent).toBe('Step 1 of 4')
    fireEvent.click(screen.getByTestId('wizard-next'))
    expect(screen.getByTestId('wizard-progress').textContent).toBe('Step 2 of 4')
    expect(screen.getByTestId('wizard-permissions').textContent).toContain('pages_messaging — to read and answer Messenger conversations')
    fireEvent.click(screen.getByTestId('wizard-next'))
    expect(screen.getByTestId('wizard-step-problem').textContent).toMatch(/Fill in/) // the token is required here
    fireEvent.change(screen.getByTestId('field-page_token'), { target: { value: 'EAAB' } })
    fireEvent.click(screen.getByTestId('wizard-next'))
    fireEvent.change(screen.getByTestId('field-page_id'), { target: { value: '42' } })
    vi.mocked(handles.testConnection).mockRejectedValueOnce(new Error('the token is missing the permission pages_messaging (to read and answer Messenger conversations)'))
    fireEvent.click(screen.getByTestId('wizard-check'))
    const err = await screen.findByTestId('add-handle-error')
    expect(err.textContent).toContain('pages_messaging')
    // The message and the buttons share the footer outside the scrolling body.
    const footer = screen.getByTestId('add-handle-footer')
    expect(footer.contains(err)).toBe(true)
    expect(footer.contains(screen.getByTestId('wizard-next'))).toBe(true)
    expect(screen.getByTestId('add-handle-body').contains(err)).toBe(false)
    fireEvent.click(screen.getByTestId('wizard-next'))
    expect(await screen.findByTestId('save-handle')).toBeTruthy()
    fireEvent.click(screen.getByTestId('add-handle-back'))
    expect(screen.getByTestId('wizard-progress').textContent).toBe('Step 3 of 4')
  })
})
