import { Network, SyncState } from '../../lib/wails'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import * as handles from '../../lib/wails/handles'
import { UpdateSignIn } from './UpdateSignIn'

vi.mock('../../lib/wails/handles', () => ({
  networkSpecs: vi.fn(async () => [
    {
      network: Network.Telegram,
      name: 'Telegram bot',
      needs: '',
      docsUrl: '',
      maxLength: 4096,
      fields: [
        { key: 'api_base', label: 'API', secret: false, optional: true, placeholder: '', help: '' },
        { key: 'bot_token', label: 'Bot token', secret: true, optional: false, placeholder: '', help: '' },
      ],
    },
  ]),
  updateCredentials: vi.fn(),
}))

const handle = {
  id: 7, clientId: 1, network: Network.Telegram, displayName: 'Yoga <b>Bot</b>', username: '', syncState: SyncState.AuthNeeded,
  syncError: 'the bot token was revoked', lastSyncAt: 0, retryAt: 0, backfill: 1, open: 0, unread: 0,
}

describe('UpdateSignIn', () => {
  it('asks only for secrets, shows a refusal in plain words, closes once accepted', async () => {
    const onClose = vi.fn()
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
    const { container } = render(
      <QueryClientProvider client={qc}>
        <UpdateSignIn handle={handle} onClose={onClose} />
      </QueryClientProvider>,
    )
    const input = await screen.findByTestId('signin-bot_token')
    expect(screen.queryByTestId('signin-api_base')).toBeNull()
    expect(container.querySelector('b')).toBeNull() // the handle's name is text
    vi.mocked(handles.updateCredentials).mockResolvedValueOnce({ ok: false, message: 'Telegram refused the token', accountId: '', username: '', displayName: '', notes: [] })
    fireEvent.change(input, { target: { value: ' 123:abc ' } })
    fireEvent.click(screen.getByTestId('update-signin-save'))
    expect((await screen.findByTestId('update-signin-result')).textContent).toBe('Telegram refused the token')
    expect(handles.updateCredentials).toHaveBeenCalledWith(7, { bot_token: '123:abc' })
    expect(onClose).not.toHaveBeenCalled()
    vi.mocked(handles.updateCredentials).mockResolvedValueOnce({ ok: true, message: 'Connected', accountId: '1', username: '', displayName: '', notes: [] })
    fireEvent.click(screen.getByTestId('update-signin-save'))
    await waitFor(() => expect(onClose).toHaveBeenCalled())
  })
})
